"""The event contract: Avro schemas of every event, their history and ids, and the codec.

``schemas.codec`` is the only module that imports fastavro; ``schemas.convert`` gives the
JSON form (and the redacted JSON form) that projections and dashboards use.
"""

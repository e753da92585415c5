"""The dashboard web service (`jiesu dashboard`): JSON API, change stream and Chinese pages."""

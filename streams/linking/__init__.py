"""Links across partitions: repeat petitions and group cases."""

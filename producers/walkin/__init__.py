"""Walk-in counter (现场受理): the window clerk's form."""

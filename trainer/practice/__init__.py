"""What the practice numbers mean: a drill, a best, an average, a streak. Pure functions of
the practice log's records and a clock; every screen, command, export and report reads them
from here."""

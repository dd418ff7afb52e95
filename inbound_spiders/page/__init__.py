"""Facts about a whole page (not one finding): which language it is in."""

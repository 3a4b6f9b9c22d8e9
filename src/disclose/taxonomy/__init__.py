"""The taxonomy: its YAML source (source.py) and the XBRL files generated from it (generate.py)."""

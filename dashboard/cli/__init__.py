"""The command line, `python -m dashboard import|kpis|report|seed|template|serve|units|layouts`."""

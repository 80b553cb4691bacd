"""Command-line interface (typer).  One module per command; all call the library, nothing more."""

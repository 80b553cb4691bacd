"""Stage 0: turn what a caller sends (bytes, text, HTML) into validated text and a language."""

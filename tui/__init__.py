"""The Textual terminal application."""

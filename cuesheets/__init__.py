"""Spotting notes and PRO cue sheets."""

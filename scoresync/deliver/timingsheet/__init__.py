"""Timing sheets: a tempo-mapped cue bar by bar and hit by hit, as text, CSV and PDF.

May import: as ``scoresync.deliver``; reportlab only inside the PDF writer.
"""

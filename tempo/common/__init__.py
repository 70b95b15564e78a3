"""What every package of the product shares: the one error hierarchy and exact numbers.

May import: nothing of ours (the standard library only).
"""

"""The temp library: an SQLite index of analysed music files, filled by a local process
pool or a Dask cluster, and searched by tempo, meter, length and fit to a cue's hits.

May import: ``scoresync.temp`` and what lies below it, and ``tempo``.
"""

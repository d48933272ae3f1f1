"""Writing the output folder: listing what it holds, and staging a build so that the folder changes only
once every file is ready (a whole new site swapped in, or a patch applied file by file).

May import: penjelas.core.
"""

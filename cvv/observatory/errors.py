class ImportFileError(Exception):
    """A file the importer cannot use; the message says why, in French."""

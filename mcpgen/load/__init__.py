"""Read MCPServer documents from files, globs, directories and stdin.

Every problem names file:line:column and the field path; nothing is returned
unless every document is valid, so bad input never produces partial output.
"""

from mcpgen.load.errors import LoadError
from mcpgen.load.reader import Loaded, LoadResult, load_paths, load_text

__all__ = ["LoadError", "LoadResult", "Loaded", "load_paths", "load_text"]

"""Writing output trees safely: what mcpgen owns, and how it replaces it.

mcpgen deletes or overwrites only files it can prove it wrote (`signature`),
never follows a symlink, never moves a folder it did not make, and replaces
server folders whole (`folders`) or chart files through a roll-forward journal
(`journal`), under a lock on the output folder (`lock`). Staging always lives
inside the output folder, so every rename stays on one filesystem.
"""

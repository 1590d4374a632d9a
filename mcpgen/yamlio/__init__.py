"""YAML text in and out for every layer: the kubectl-style emitter (`emit`, with ruamel
defining the output and `fast` reproducing it byte for byte) and the read-back of
templated text. Generic I/O, so it sits below the layers that use it (render, schema,
importers)."""

"""The shared, offline transport detector: no network and no I/O in this package.

- `infer`: the protocol from a spec alone.
- `sse`: an incremental text/event-stream parser and validator.
- `probe`: a sans-I/O state machine that says which request to send next and
  judges each response; `mcpgen probe` and the chart's test hook drive it.
"""

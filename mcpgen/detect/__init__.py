"""The shared, offline transport detector: no network and no I/O in this package.

- `infer`: the protocol from a spec alone.
- `sse`: an incremental text/event-stream parser and validator.
- `machine`: a sans-I/O state machine (its phases and transitions are one
  table) that says which request to send next and judges each response;
  `mcpgen probe` and the chart's test hook drive it. `actions` holds what it
  and a driver exchange, `codes` its finding codes, `jsonrpc` the MCP messages
  of both eras, `urls` URL utilities.
"""

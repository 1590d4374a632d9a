"""Build-time generators that work only in a source checkout: they write files the
repository ships (the chart's values, schema and rule constants). Not part of the wheel."""

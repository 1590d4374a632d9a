{{/* Generated from mcpgen's rules by `python -m mcpgen_dev.chart_files`. */}}
{{- define "mcp-server.rules.affinityCookie" -}}mcp-affinity{{- end -}}
{{- define "mcp-server.rules.albMaxIdleTimeout" -}}4000{{- end -}}
{{- define "mcp-server.rules.gceDrainingSeconds" -}}60{{- end -}}
{{- define "mcp-server.rules.startupFailureThreshold" -}}60{{- end -}}
{{- define "mcp-server.rules.stdioStartupFailureThreshold" -}}150{{- end -}}
{{- define "mcp-server.rules.staticBridgeResources" -}}{"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "50m", "memory": "64Mi"}}{{- end -}}

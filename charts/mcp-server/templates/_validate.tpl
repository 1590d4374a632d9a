{{/*
Rules the values schema cannot say (they span two fields), mirroring the model's
validators so `helm install` refuses what `mcpgen render` refuses.
*/}}
{{- define "mcp-server.validate" -}}
{{- $v := .Values -}}
{{- if and $v.hpa.enabled (gt (int $v.hpa.minReplicas) (int $v.hpa.maxReplicas)) -}}
{{- fail (printf "hpa: minReplicas (%d) is greater than maxReplicas (%d)" (int $v.hpa.minReplicas) (int $v.hpa.maxReplicas)) -}}
{{- end -}}
{{- if has (toString $v.transport.config.http.sse.maxSurge) (list "0" "0%") -}}
{{- fail "transport.config.http.sse.maxSurge must be above 0: SSE rollouts keep maxUnavailable at 0" -}}
{{- end -}}
{{- if and (not (kindIs "invalid" $v.pdb.minAvailable)) (not (kindIs "invalid" $v.pdb.maxUnavailable)) -}}
{{- fail "pdb: set either minAvailable or maxUnavailable, not both" -}}
{{- end -}}
{{- if and $v.ingress.tls (not $v.ingress.host) -}}
{{- fail "ingress: tls needs a host: a certificate is issued for a name" -}}
{{- end -}}
{{- if and $v.ingress.enabled (eq (toString $v.ingress.provider) "gateway-api") (not $v.ingress.gateway) -}}
{{- fail "ingress: provider gateway-api needs gateway.name: an HTTPRoute attaches to a Gateway" -}}
{{- end -}}
{{- range $v.environment -}}
{{- if and (not (kindIs "invalid" .value)) (not (kindIs "invalid" .valueFrom)) -}}
{{- fail (printf "environment %s: set either value or valueFrom, not both" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

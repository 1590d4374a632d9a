{{/*
What the values schema cannot say (rules that span two fields, names Helm supplies,
sizes), mirroring the model's validators so `helm install` refuses what
`mcpgen render` refuses. The patterns and limits are mcpgen/model/types.py's
(tests/chart/test_injection.py checks they are the same text).
*/}}

{{/* The bytes an annotations map takes (keys plus values), as the API server counts. */}}
{{- define "mcp-server.annotationBytes" -}}
{{- $n := 0 -}}
{{- range $k, $v := . -}}{{- $n = add $n (len $k) (len (toString $v)) -}}{{- end -}}
{{- $n -}}
{{- end -}}

{{- define "mcp-server.validate" -}}
{{- $v := .Values -}}
{{- $name := include "mcp-server.fullname" . -}}
{{- if or (gt (len $name) 63) (not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $name)) -}}
{{- fail (printf "metadata.name (the release name, or fullnameOverride) %q must be a DNS-1035 label (a DNS-1123 label that starts with a letter: it names the Service): lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters" $name) -}}
{{- end -}}
{{- $ns := .Release.Namespace -}}
{{- if or (gt (len $ns) 63) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $ns)) -}}
{{- fail (printf "metadata.namespace %q must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters" $ns) -}}
{{- end -}}
{{- /* The model checks the bounds whether or not the autoscaler is on. */ -}}
{{- if gt (int64 $v.hpa.minReplicas) (int64 $v.hpa.maxReplicas) -}}
{{- fail (printf "hpa: minReplicas (%d) is greater than maxReplicas (%d)" (int64 $v.hpa.minReplicas) (int64 $v.hpa.maxReplicas)) -}}
{{- end -}}
{{- if and (eq (int64 $v.security.runAsUser) 0) $v.security.runAsNonRoot -}}
{{- fail "security: runAsUser 0 is root, and runAsNonRoot (true by default) makes the kubelet refuse to start the pod: set runAsUser to a non-zero UID such as 1000, or set runAsNonRoot: false to run as root on purpose" -}}
{{- end -}}
{{- range $field, $map := dict "service.annotations" $v.service.annotations "podTemplate.annotations" $v.podTemplate.annotations "ingress.annotations" $v.ingress.annotations -}}
{{- $size := int64 (include "mcp-server.annotationBytes" ($map | default dict)) -}}
{{- if gt $size 261120 -}}
{{- fail (printf "%s: annotations take %d bytes (keys plus values); at most 261120 fit: Kubernetes refuses an object whose annotations pass 262144 bytes, and mcpgen keeps 1024 for its own" $field $size) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $v.transport.type "stdio") $v.transport.config.http.path (not (has (include "mcp-server.normalisePath" $v.transport.config.http.path) (list "/mcp" "/sse"))) -}}
{{- fail (printf "transport.config.http.path %s: the stdio bridge serves Streamable HTTP at /mcp and legacy SSE at /sse only; leave path unset (or /sse for SSE)" $v.transport.config.http.path) -}}
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
{{- if include "mcp-server.bridgeInjected" . -}}
{{- $tmp := or $v.scratch.tmp (not $v.security.readOnlyRootFilesystem) -}}
{{- range $v.podTemplate.volumeMounts }}{{ if eq (default "/" (regexReplaceAll "/+$" .mountPath "")) "/tmp" }}{{ $tmp = true }}{{ end }}{{ end -}}
{{- if not $tmp -}}
{{- fail "the injected bridge unpacks itself into /tmp before it runs, and this pod has no writable /tmp (scratch.tmp is false, no volume is mounted there and the root is read-only): the container would exit at once" -}}
{{- end -}}
{{- end -}}
{{- $stop := int64 $v.drain.preStopSeconds -}}
{{- $grace := int64 (include "mcp-server.effectiveGrace" .) -}}
{{- if and $stop (ge $stop $grace) -}}
{{- fail (printf "drain.preStopSeconds (%d) is not shorter than the termination grace period (%d s): the kubelet kills the pod before the pause ends, and the server never gets SIGTERM to finish its streams" $stop $grace) -}}
{{- end -}}
{{- $hc := $v.healthCheck -}}
{{- if and $hc.enabled (not (kindIs "invalid" $hc.path)) -}}
{{- $endpoints := ternary (list "/mcp" "/sse") (list $v.transport.config.http.path) (kindIs "invalid" $v.transport.config.http.path) -}}
{{- range $endpoints -}}
{{- if eq (include "mcp-server.normalisePath" $hc.path) (include "mcp-server.normalisePath" .) -}}
{{- fail (printf "healthCheck.path %s is the MCP endpoint, which answers GET with 405 (Streamable HTTP) or an endless stream (SSE), so a GET probe there always fails: name a health path the server serves, or leave it unset for a TCP check" $hc.path) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $v.metrics.enabled -}}
{{- $taken := list (list "transport.config.http.port" (int64 $v.transport.config.http.port)) -}}
{{- if $v.sidecar.enabled }}{{ $taken = append $taken (list "sidecar.port" (int64 (include "mcp-server.sidecarPort" .))) }}{{ end -}}
{{- $taken = append $taken (list "metrics.port" (int64 $v.metrics.port)) -}}
{{- $seen := dict -}}
{{- range $taken -}}
{{- $key := toString (index . 1) -}}
{{- if hasKey $seen $key -}}
{{- fail (printf "%s and %s are both %s: the pod's containers share one network, so two listeners cannot take the same port" (index . 0) (get $seen $key) $key) -}}
{{- end -}}
{{- $_ := set $seen $key (index . 0) -}}
{{- end -}}
{{- end -}}
{{- range $v.environment -}}
{{- if and (not (kindIs "invalid" .value)) (not (kindIs "invalid" .valueFrom)) -}}
{{- fail (printf "environment %s: set either value or valueFrom, not both" .name) -}}
{{- end -}}
{{- end -}}
{{- range $i, $e := $v.envFrom -}}
{{- if eq (kindIs "invalid" $e.secretRef) (kindIs "invalid" $e.configMapRef) -}}
{{- fail (printf "envFrom[%d]: set exactly one of secretRef and configMapRef" $i) -}}
{{- end -}}
{{- end -}}
{{- end -}}

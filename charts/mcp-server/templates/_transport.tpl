{{/*
The transport rules table (DESIGN.md), mirroring mcpgen/detect/infer.py and
mcpgen/rules/transport.py function by function. Helpers return strings:
"true" / "" for booleans.
*/}}

{{/* infer.TRANSPORT_VALUES: a flag or env value -> protocol, "stdio"/unknown -> "". */}}
{{- define "mcp-server.transportValue" -}}
{{- $v := lower . -}}
{{- if eq $v "sse" -}}sse
{{- else if has $v (list "streamable-http" "streamable_http" "http") -}}streamable-http
{{- end -}}
{{- end -}}

{{/* infer._arg_signals: the first `--transport X`, `--transport=X`, `-t X`, `-t=X` that names a protocol. */}}
{{- define "mcp-server.argsProtocol" -}}
{{- $argv := concat (.Values.command | default list) (.Values.args | default list) -}}
{{- $found := "" -}}
{{- range $i, $arg := $argv -}}
  {{- if not $found -}}
    {{- $flag := $arg -}}
    {{- $value := "" -}}
    {{- if contains "=" $arg -}}
      {{- $parts := splitn "=" 2 $arg -}}
      {{- $flag = $parts._0 -}}
      {{- $value = $parts._1 -}}
    {{- else if lt (add1 $i) (len $argv) -}}
      {{- $value = index $argv (add1 $i) -}}
    {{- end -}}
    {{- if and (has $flag (list "--transport" "-t")) $value -}}
      {{- $found = include "mcp-server.transportValue" $value -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- $found -}}
{{- end -}}

{{/* infer._env_signals: MCP_TRANSPORT, then TRANSPORT (literal values only). */}}
{{- define "mcp-server.envProtocol" -}}
{{- $env := dict -}}
{{- range .Values.environment -}}
  {{- if and .name (not (kindIs "invalid" .value)) -}}{{- $_ := set $env .name .value -}}{{- end -}}
{{- end -}}
{{- $found := "" -}}
{{- range list "MCP_TRANSPORT" "TRANSPORT" -}}
  {{- if and (not $found) (get $env .) -}}
    {{- $found = include "mcp-server.transportValue" (get $env .) -}}
  {{- end -}}
{{- end -}}
{{- $found -}}
{{- end -}}

{{/* infer.normalise_path: runs of "/" are one, no trailing "/", the root stays "/";
nothing decoded. */}}
{{- define "mcp-server.normalisePath" -}}
{{- default "/" (trimSuffix "/" (regexReplaceAll "/+" . "/")) -}}
{{- end -}}

{{/* infer._path_signal: the last path segment "sse" or "mcp". */}}
{{- define "mcp-server.pathProtocol" -}}
{{- with .Values.transport.config.http.path -}}
{{- $last := last (splitList "/" (include "mcp-server.normalisePath" .)) -}}
{{- if eq $last "sse" }}sse{{ else if eq $last "mcp" }}streamable-http{{ end -}}
{{- end -}}
{{- end -}}

{{/* infer.infer: explicit protocol, then args, env, path; streamable-http when nothing decides.
stdio: explicit protocol, then path only. */}}
{{- define "mcp-server.protocol" -}}
{{- $explicit := .Values.transport.protocol -}}
{{- if ne $explicit "auto" -}}{{ $explicit }}
{{- else if eq .Values.transport.type "stdio" -}}
{{- /* args and env are the child's; the bridge serves Streamable HTTP unless the path says /sse. */ -}}
{{- coalesce (include "mcp-server.pathProtocol" .) "streamable-http" -}}
{{- else -}}
{{- $args := include "mcp-server.argsProtocol" . -}}
{{- $env := include "mcp-server.envProtocol" . -}}
{{- $path := include "mcp-server.pathProtocol" . -}}
{{- coalesce $args $env $path "streamable-http" -}}
{{- end -}}
{{- end -}}

{{/* transport.endpoint_path */}}
{{- define "mcp-server.endpointPath" -}}
{{- $protocol := include "mcp-server.protocol" . -}}
{{- default (ternary "/sse" "/mcp" (eq $protocol "sse")) .Values.transport.config.http.path -}}
{{- end -}}

{{/* transport.scaled_out: can more than one pod serve at once? */}}
{{- define "mcp-server.scaledOut" -}}
{{- if .Values.hpa.enabled -}}
{{- if gt (int .Values.hpa.maxReplicas) 1 }}true{{ end -}}
{{- else if gt (int .Values.replicas) 1 }}true{{ end -}}
{{- end -}}

{{/* era.era_of: modern / dual / legacy from protocolVersions; "" when unlisted (2025 rules). */}}
{{- define "mcp-server.era" -}}
{{- if eq (include "mcp-server.protocol" .) "sse" -}}legacy
{{- else -}}
{{- $modern := false -}}
{{- $legacy := false -}}
{{- range (.Values.transport.config.http.protocolVersions | default list) -}}
  {{- if ge . "2026-07-28" }}{{ $modern = true }}{{ else }}{{ $legacy = true }}{{ end -}}
{{- end -}}
{{- if and $modern $legacy }}dual{{ else if $modern }}modern{{ else if $legacy }}legacy{{ end -}}
{{- end -}}
{{- end -}}

{{/* transport.session_affinity: one decision for the Service and the proxy, by era. */}}
{{- define "mcp-server.affinity" -}}
{{- $http := .Values.transport.config.http -}}
{{- $era := include "mcp-server.era" . -}}
{{- $scaled := include "mcp-server.scaledOut" . -}}
{{- if eq (include "mcp-server.protocol" .) "sse" -}}
{{- if $http.sse.enableSessionAffinity }}true{{ end -}}
{{- else if eq $era "modern" -}}
{{- else if eq $era "dual" -}}
{{- if and $http.sessionManagement $http.legacySessionAffinity $scaled }}true{{ end -}}
{{- else if and $http.sessionManagement $scaled }}true{{ end -}}
{{- end -}}

{{/* transport.transport_annotations: the operator's keys, on pods and Service. */}}
{{- define "mcp-server.transportAnnotations" -}}
{{- $protocol := include "mcp-server.protocol" . -}}
mcp.transport.protocol: {{ $protocol | quote }}
{{- if eq $protocol "sse" }}
mcp.transport.streaming: "true"
{{- end -}}
{{- end -}}

{{/* transport.rollout_strategy: SSE never takes a pod away before its replacement is ready. */}}
{{- define "mcp-server.strategy" -}}
{{- if eq (include "mcp-server.protocol" .) "sse" -}}
type: RollingUpdate
rollingUpdate:
  maxSurge: {{ include "mcp-server.scalar" .Values.transport.config.http.sse.maxSurge }}
  maxUnavailable: 0
{{- end -}}
{{- end -}}

{{/* transport.grace_period */}}
{{- define "mcp-server.gracePeriod" -}}
{{- if eq (include "mcp-server.protocol" .) "sse" -}}
{{ int64 .Values.transport.config.http.sse.terminationGracePeriodSeconds }}
{{- end -}}
{{- end -}}

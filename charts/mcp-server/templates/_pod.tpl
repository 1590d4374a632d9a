{{/*
The pod beyond the transport rules, mirroring mcpgen/rules/workload.py: probes that a
stock MCP server passes, the drain before SIGTERM, scratch folders for a read-only
root, and the spread of replicas across nodes.
*/}}

{{/* workload._scratch: [{volume, path}] for /tmp and HOME, unless the user mounts that path. */}}
{{- define "mcp-server.scratch" -}}
{{- $taken := list -}}
{{- range .Values.podTemplate.volumeMounts -}}
  {{- $taken = append $taken (default "/" (regexReplaceAll "/+$" .mountPath "")) -}}
{{- end -}}
{{- $wanted := list -}}
{{- if .Values.scratch.tmp }}{{ $wanted = append $wanted (dict "volume" "mcp-tmp" "path" "/tmp") }}{{ end -}}
{{- with .Values.scratch.home }}{{ $wanted = append $wanted (dict "volume" "mcp-home" "path" .) }}{{ end -}}
{{- $out := list -}}
{{- range $wanted -}}
  {{- if not (has (default "/" (regexReplaceAll "/+$" .path "")) $taken) }}{{ $out = append $out . }}{{ end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/*
workload._dump: one of the model's objects as render prints it, keys set to null left out
(render dumps the model with exclude_none). Only the model's own fields: an embedded
Kubernetes object (valueFrom, affinity, volumes) passes through as written, nulls and all.
`nested` names the fields that are model objects too (envFrom's secretRef).
*/}}
{{- define "mcp-server.dump" -}}
{{- $out := dict -}}
{{- range $k, $v := .object -}}
{{- if not (kindIs "invalid" $v) -}}
{{- if and (has $k ($.nested | default list)) (kindIs "map" $v) -}}
{{- $v = include "mcp-server.dump" (dict "object" $v) | fromJson -}}
{{- end -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* A list of the model's objects, each as mcp-server.dump prints it. */}}
{{- define "mcp-server.dumpEach" -}}
{{- $out := list -}}
{{- range .items | default list -}}
{{- $out = append $out (include "mcp-server.dump" (dict "object" . "nested" $.nested) | fromJson) -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* workload._env: the user's env, then HOME on the scratch folder unless already set. */}}
{{- define "mcp-server.env" -}}
{{- $env := include "mcp-server.dumpEach" (dict "items" .Values.environment) | fromJsonArray -}}
{{- $names := list -}}
{{- range $env }}{{ $names = append $names .name }}{{ end -}}
{{- if and .Values.scratch.home (not (has "HOME" $names)) -}}
{{- $env = append $env (dict "name" "HOME" "value" .Values.scratch.home) -}}
{{- end -}}
{{- if include "mcp-server.bridged" . -}}
{{- $env = concat $env (include "mcp-server.cacheEnv" . | fromJsonArray) -}}
{{- end -}}
{{- toJson $env -}}
{{- end -}}

{{/* workload._probes: the check every probe makes (tcpSocket unless a health path is named;
the bridge's /status for a bridged stdio server). */}}
{{- define "mcp-server.probeCheck" -}}
{{- $hc := .Values.healthCheck -}}
{{- $port := ternary "http" $hc.port (kindIs "invalid" $hc.port) -}}
{{- $path := $hc.path -}}
{{- if and (kindIs "invalid" $path) (include "mcp-server.bridged" .) }}{{ $path = "/status" }}{{ end -}}
{{- if kindIs "invalid" $path -}}
{{- toJson (dict "tcpSocket" (dict "port" $port)) -}}
{{- else -}}
{{- toJson (dict "httpGet" (dict "path" $path "port" $port)) -}}
{{- end -}}
{{- end -}}

{{/* workload.topology_spread: the user's list, or a soft spread over nodes when scaled out. */}}
{{- define "mcp-server.topologySpread" -}}
{{- $own := .Values.podTemplate.topologySpreadConstraints -}}
{{- if not (kindIs "invalid" $own) -}}
{{- toJson $own -}}
{{- else if include "mcp-server.scaledOut" . -}}
{{- toJson (list (dict "maxSkew" 1 "topologyKey" "kubernetes.io/hostname" "whenUnsatisfiable" "ScheduleAnyway" "labelSelector" (dict "matchLabels" (include "mcp-server.selectorLabels" . | fromYaml)) "matchLabelKeys" (list "pod-template-hash"))) -}}
{{- else -}}
[]
{{- end -}}
{{- end -}}

{{/* workload.KUBERNETES_GRACE_SECONDS unless the transport rules set a grace period. */}}
{{- define "mcp-server.effectiveGrace" -}}
{{- default "30" (include "mcp-server.gracePeriod" .) -}}
{{- end -}}

{{/* A probe's timing fields, printed as integers (Helm holds numbers as float64). */}}
{{- define "mcp-server.probeTiming" -}}
initialDelaySeconds: {{ int64 .initialDelaySeconds }}
periodSeconds: {{ int64 .periodSeconds }}
timeoutSeconds: {{ int64 .timeoutSeconds }}
failureThreshold: {{ int64 .failureThreshold }}
{{- end -}}

{{/* The startup probe's timing: its failureThreshold follows stdio.startup_failure_threshold. */}}
{{- define "mcp-server.startupTiming" -}}
{{- $startup := merge (dict "failureThreshold" (include "mcp-server.startupFailureThreshold" . | int64)) (deepCopy .Values.healthCheck.startup) -}}
{{- include "mcp-server.probeTiming" $startup -}}
{{- end -}}

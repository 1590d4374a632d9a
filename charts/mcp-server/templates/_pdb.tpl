{{/*
The PodDisruptionBudget bound, mirroring mcpgen/rules/pdb.py: protect streams from
drains without ever blocking every voluntary eviction. Renders the bound as YAML,
or nothing for no PDB.
*/}}

{{/* pdb.replica_floor: the fewest pods that run. */}}
{{- define "mcp-server.replicaFloor" -}}
{{- if .Values.hpa.enabled }}{{ int .Values.hpa.minReplicas }}{{ else }}{{ int .Values.replicas }}{{ end -}}
{{- end -}}

{{/* pdb.pods: a count, or a percentage of the floor rounded up. */}}
{{- define "mcp-server.pdbCount" -}}
{{- $value := index . 0 -}}
{{- $floor := index . 1 -}}
{{- if kindIs "string" $value -}}
{{- $pct := int (trimSuffix "%" $value) -}}
{{- div (add (mul $pct $floor) 99) 100 -}}
{{- else -}}
{{- int $value -}}
{{- end -}}
{{- end -}}

{{- define "mcp-server.pdbBudget" -}}
{{- $pdb := .Values.pdb -}}
{{- $floor := int (include "mcp-server.replicaFloor" .) -}}
{{- /* Every era has long streams an eviction cuts: on by default with more than one pod. */ -}}
{{- $wanted := or (eq (include "mcp-server.protocol" .) "sse") (gt $floor 1) -}}
{{- if not (kindIs "invalid" $pdb.enabled) }}{{ $wanted = $pdb.enabled }}{{ end -}}
{{- if and $wanted (gt $floor 1) -}}
{{- if not (kindIs "invalid" $pdb.maxUnavailable) -}}
{{- if eq (int (include "mcp-server.pdbCount" (list $pdb.maxUnavailable $floor))) 0 -}}
maxUnavailable: 1
{{- else -}}
maxUnavailable: {{ include "mcp-server.scalar" $pdb.maxUnavailable }}
{{- end -}}
{{- else if not (kindIs "invalid" $pdb.minAvailable) -}}
{{- if ge (int (include "mcp-server.pdbCount" (list $pdb.minAvailable $floor))) $floor -}}
minAvailable: {{ sub $floor 1 }}
{{- else -}}
minAvailable: {{ include "mcp-server.scalar" $pdb.minAvailable }}
{{- end -}}
{{- else -}}
minAvailable: {{ min 2 (sub $floor 1) }}
{{- end -}}
{{- end -}}
{{- end -}}

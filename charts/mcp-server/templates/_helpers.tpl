{{/*
Names and labels. Mirrors mcpgen/rules/labels.py.
*/}}

{{/* The server name: the release name, unless fullnameOverride says otherwise. Never
truncated: _validate.tpl refuses a name the model refuses instead of changing it. */}}
{{- define "mcp-server.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride -}}
{{- end -}}

{{/* app.kubernetes.io/name: "mcpserver", as the operator and mcpgen label it. */}}
{{- define "mcp-server.name" -}}
{{- default "mcpserver" .Values.nameOverride -}}
{{- end -}}

{{/* Selectors are immutable once applied: only the two labels that never change. */}}
{{- define "mcp-server.selectorLabels" -}}
{{- toYaml (dict "app.kubernetes.io/name" (include "mcp-server.name" .) "app.kubernetes.io/instance" .Release.Name) -}}
{{- end -}}

{{/* Every object's labels: the user's commonLabels, then ours (ours win), then Helm's own. */}}
{{- define "mcp-server.labelsDict" -}}
{{- $ours := dict
  "app" (include "mcp-server.fullname" .)
  "app.kubernetes.io/name" (include "mcp-server.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/component" "mcp-server"
  "app.kubernetes.io/managed-by" .Release.Service
  "helm.sh/chart" (printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-")
  "app.kubernetes.io/version" .Chart.AppVersion -}}
{{- toYaml (merge $ours (.Values.commonLabels | default dict)) -}}
{{- end -}}

{{- define "mcp-server.labels" -}}
{{ include "mcp-server.labelsDict" . }}
{{- end -}}

{{/* metadata: name, namespace, labels; every template opens with it. */}}
{{- define "mcp-server.metadata" -}}
name: {{ include "mcp-server.fullname" . | quote }}
namespace: {{ .Release.Namespace | quote }}
labels:
  {{- include "mcp-server.labels" . | nindent 2 }}
{{- end -}}

{{/* The ServiceAccount the pods run as. */}}
{{- define "mcp-server.serviceAccountName" -}}
{{- default (include "mcp-server.fullname" .) .Values.podTemplate.serviceAccountName -}}
{{- end -}}

{{/* Is a value set (not null)? false and 0 count as set. */}}
{{- define "mcp-server.isSet" -}}
{{- if not (kindIs "invalid" .) }}true{{ end -}}
{{- end -}}

{{/* A number or a string as written: Helm reads numbers as float64, and {{ }} would
print a large one as 1e+06; a string is quoted, so "25%" or a name stays one string. */}}
{{- define "mcp-server.scalar" -}}
{{- if kindIs "float64" . }}{{ int64 . }}{{ else if kindIs "string" . }}{{ quote . }}{{ else }}{{ toJson . }}{{ end -}}
{{- end -}}

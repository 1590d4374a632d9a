{{/*
Names and labels. Mirrors mcpgen/rules/labels.py.
*/}}

{{/* The server name: the release name, unless fullnameOverride says otherwise (63-char limit). */}}
{{- define "mcp-server.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* app.kubernetes.io/name: "mcpserver", as the operator and mcpgen label it. */}}
{{- define "mcp-server.name" -}}
{{- default "mcpserver" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selectors are immutable once applied: only the two labels that never change. */}}
{{- define "mcp-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
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
name: {{ include "mcp-server.fullname" . }}
namespace: {{ .Release.Namespace }}
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
print a large one as 1e+06. */}}
{{- define "mcp-server.scalar" -}}
{{- if kindIs "float64" . }}{{ int64 . }}{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{/*
Names and labels. Mirrors mcpgen/rules/labels.py.
*/}}

{{/* Values may be a whole MCPServer document (`-f server.yaml`, the file `mcpgen render`
reads) or its bare spec. For a document, its spec is merged over the defaults in
.Values, so every template reads .Values as a spec either way; its metadata.labels
become commonLabels. metadata.name must be the release name (the selector's
app.kubernetes.io/instance is the release name, and `mcpgen render` names everything
after metadata.name), and metadata.namespace, when set, the release namespace.
Every template calls this first; calling it again changes nothing. */}}
{{- define "mcp-server.init" -}}
{{- with .Values.spec -}}
{{- include "mcp-server.mergeInto" (dict "dst" $.Values "src" .) -}}
{{- end -}}
{{- with .Values.metadata -}}
{{- if and .name (ne .name $.Release.Name) -}}
{{- fail (printf "metadata.name %q is not the release name %q: install it as `helm install %s ...`, so the objects and their selectors are named as `mcpgen render` names them" .name $.Release.Name .name) -}}
{{- end -}}
{{- if and .namespace (ne .namespace $.Release.Namespace) -}}
{{- fail (printf "metadata.namespace %q is not the release namespace %q: install it with `-n %s`, or remove metadata.namespace to use the release's" .namespace $.Release.Namespace .namespace) -}}
{{- end -}}
{{- with .labels -}}
{{- $_ := set $.Values "commonLabels" (merge (deepCopy .) ($.Values.commonLabels | default dict)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Deep merge of .src into .dst in place. Not sprig's mergeOverwrite: it skips
false, 0 and "" in .src, so `healthCheck.enabled: false` would keep the default. */}}
{{- define "mcp-server.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "mcp-server.mergeInto" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

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

{{/* Pod template labels: no chart version, which would roll every pod (and cut every
open stream) on a chart upgrade that changes nothing else. */}}
{{- define "mcp-server.podLabelsDict" -}}
{{- toYaml (omit (include "mcp-server.labelsDict" . | fromYaml) "helm.sh/chart" "app.kubernetes.io/version") -}}
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

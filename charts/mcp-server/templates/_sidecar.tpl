{{/*
The operator's metrics sidecar (mcp-proxy), mirroring mcpgen/rules/sidecar.py.
*/}}

{{/* sidecar.injected */}}
{{- define "mcp-server.sidecarInjected" -}}
{{- if and .Values.metrics.enabled .Values.sidecar.enabled }}true{{ end -}}
{{- end -}}

{{/* sidecar.sidecar_port: 8080, or 8081 when the server itself listens on 8080. */}}
{{- define "mcp-server.sidecarPort" -}}
{{- if not (kindIs "invalid" .Values.sidecar.port) -}}{{ int64 .Values.sidecar.port }}
{{- else if eq (int64 .Values.transport.config.http.port) 8080 -}}8081
{{- else -}}8080
{{- end -}}
{{- end -}}

{{/* workload.mcp_port_name: where MCP traffic enters the pod. */}}
{{- define "mcp-server.mcpPortName" -}}
{{- if include "mcp-server.sidecarInjected" . }}mcp{{ else }}http{{ end -}}
{{- end -}}

{{/* sidecar.sidecar_container */}}
{{- define "mcp-server.sidecarContainer" -}}
{{- $sc := .Values.sidecar -}}
{{- $tls := and $sc.tls $sc.tls.enabled -}}
- name: mcp-proxy
  image: {{ $sc.image | quote }}
  args:
  - {{ printf "--target-addr=localhost:%d" (int64 .Values.transport.config.http.port) | quote }}
  - {{ printf "--listen-addr=:%s" (include "mcp-server.sidecarPort" .) | quote }}
  - {{ printf "--metrics-addr=:%d" (int64 .Values.metrics.port) | quote }}
  - --log-level=info
  {{- if $tls }}
  - --tls-enabled
  - --tls-cert-file=/etc/tls/tls.crt
  - --tls-key-file=/etc/tls/tls.key
  - {{ printf "--tls-min-version=%s" $sc.tls.minVersion | quote }}
  {{- end }}
  ports:
  - name: mcp
    containerPort: {{ include "mcp-server.sidecarPort" . }}
    protocol: TCP
  - name: metrics
    containerPort: {{ int64 .Values.metrics.port }}
    protocol: TCP
  resources:
  {{- if and $sc.resources $sc.resources.requests }}
    {{- toYaml $sc.resources | nindent 4 }}
  {{- else }}
    requests:
      cpu: 50m
      memory: 64Mi
    limits:
      cpu: 200m
      memory: 128Mi
  {{- end }}
  securityContext:
    runAsNonRoot: true
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    capabilities:
      drop:
      - ALL
    seccompProfile:
      type: RuntimeDefault
  livenessProbe:
    httpGet:
      path: /healthz
      port: metrics
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  readinessProbe:
    httpGet:
      path: /readyz
      port: metrics
    initialDelaySeconds: 5
    periodSeconds: 5
    timeoutSeconds: 3
    failureThreshold: 3
  {{- if $tls }}
  volumeMounts:
  - name: tls-certs
    mountPath: /etc/tls
    readOnly: true
  {{- end }}
{{- end -}}

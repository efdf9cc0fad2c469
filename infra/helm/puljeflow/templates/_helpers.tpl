{{- define "puljeflow.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "puljeflow.labels" -}}
app.kubernetes.io/name: puljeflow
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "puljeflow.selector" -}}
app.kubernetes.io/name: puljeflow
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The database, from its Secret, and the settings every part shares. */}}
{{- define "puljeflow.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.secretName }}
      key: DATABASE_URL
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* Temporal: address, namespace and, for Temporal Cloud, the mounted client certificate (infra/README.md). */}}
{{- define "puljeflow.env.temporal" -}}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls.secretName }}
- name: TEMPORAL_TLS_CERT
  value: /etc/temporal-tls/tls.crt
- name: TEMPORAL_TLS_KEY
  value: /etc/temporal-tls/tls.key
- name: TEMPORAL_TLS_CA
  value: /etc/temporal-tls/ca.crt
{{- with .Values.temporal.tls.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .Values.temporal.apiKeySecretName }}
- name: TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ .Values.temporal.apiKeySecretName }}, key: TEMPORAL_API_KEY }
{{- end }}
{{- end }}

{{- define "puljeflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ .Values.serviceAccount.name | default .Release.Name }}{{- else -}}{{ .Values.serviceAccount.name | default "default" }}{{- end -}}
{{- end }}

{{/* The citizen-data vault keys: every process that reads or writes personal data needs both (api, worker, CLI). */}}
{{- define "puljeflow.env.vault" -}}
- name: PULJEFLOW_PSEUDONYM_KEY
  valueFrom:
    secretKeyRef: { name: {{ .Values.vault.secretName }}, key: PULJEFLOW_PSEUDONYM_KEY }
- name: PULJEFLOW_KEY_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef: { name: {{ .Values.vault.secretName }}, key: PULJEFLOW_KEY_ENCRYPTION_KEY }
{{- end }}

{{/* Pod-level settings every part shares: service account, pull secrets, the non-root security context. */}}
{{- define "puljeflow.podSpec" -}}
serviceAccountName: {{ include "puljeflow.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{/* Temporal's client certificate, mounted where TEMPORAL_TLS_* point. */}}
{{- define "puljeflow.temporalTlsVolume" -}}
{{- if .Values.temporal.tls.secretName }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tls.secretName }}
{{- end }}
{{- end }}
{{- define "puljeflow.temporalTlsMount" -}}
{{- if .Values.temporal.tls.secretName }}
- name: temporal-tls
  mountPath: /etc/temporal-tls
  readOnly: true
{{- end }}
{{- end }}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarms' SNS topic (the address must confirm the subscription); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address, or null."
  }
}

variable "alarm_5xx_rate_percent" {
  description = "Alarm when more than this percentage of the API's requests answer 5xx over 5 minutes."
  type        = number
  default     = 5
}

variable "alarm_upstream_errors_per_5min" {
  description = "Alarm when the model service fails more often than this in 5 minutes (UpstreamErrors, every app and model)."
  type        = number
  default     = 10
}

variable "alarm_p95_latency_ms" {
  description = "Alarm when the API's p95 latency over 5 minutes is above this (ms); streamed answers count until their end."
  type        = number
  default     = 20000
}

variable "alarm_daily_tokens" {
  description = "Alarm when the tokens of every key together exceed this in one day (PromptTokens + CompletionTokens); 0 for no alarm."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_daily_tokens >= 0
    error_message = "alarm_daily_tokens must be 0 or more."
  }
}

variable "monthly_cost_budget_usd" {
  description = "An AWS Budgets cost budget for the account's month, in USD, that notifies alarm_email at 80% and 100%; 0 for none."
  type        = number
  default     = 0

  validation {
    condition     = var.monthly_cost_budget_usd >= 0
    error_message = "monthly_cost_budget_usd must be 0 or more."
  }
}

variable "tracing" {
  description = "X-Ray: active tracing on every function and the API stage, and each model call and DynamoDB operation as a subsegment (TRACING; docs/operations.md)."
  type        = bool
  default     = false
}

variable "api_stage_name" {
  description = "Name of the API Gateway stage; it is the first segment of every URL."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.api_stage_name))
    error_message = "api_stage_name must be letters, digits, '_' or '-'."
  }
}

variable "throttle_settings_rate_limit" {
  description = "Steady-state requests per second allowed for the API key (usage plan)."
  type        = number
  default     = 10

  validation {
    condition     = var.throttle_settings_rate_limit > 0 && var.throttle_settings_rate_limit <= 1000000
    error_message = "throttle_settings_rate_limit must be above 0 and at most 1000000."
  }
}

variable "throttle_settings_burst_limit" {
  description = "Requests allowed in a burst for the API key (usage plan)."
  type        = number
  default     = 5

  validation {
    condition     = var.throttle_settings_burst_limit >= 1 && var.throttle_settings_burst_limit <= 1000000 && floor(var.throttle_settings_burst_limit) == var.throttle_settings_burst_limit
    error_message = "throttle_settings_burst_limit must be a whole number between 1 and 1000000."
  }
}

variable "quota_settings_limit" {
  description = "Requests allowed per quota period for the API key (usage plan)."
  type        = number
  default     = 500

  validation {
    condition     = var.quota_settings_limit >= 1 && var.quota_settings_limit <= 1000000000 && floor(var.quota_settings_limit) == var.quota_settings_limit
    error_message = "quota_settings_limit must be a whole number between 1 and 1000000000."
  }
}

variable "quota_settings_period" {
  description = "The period quota_settings_limit applies to."
  type        = string
  default     = "DAY"

  validation {
    condition     = contains(["DAY", "WEEK", "MONTH"], var.quota_settings_period)
    error_message = "quota_settings_period must be DAY, WEEK or MONTH."
  }
}

variable "api_gateway_integration_timeout_ms" {
  description = "How long API Gateway waits for a buffered answer (/info, /conversations); 29000 is the most a regional API allows without a quota increase."
  type        = number
  default     = 29000

  validation {
    condition     = var.api_gateway_integration_timeout_ms >= 50 && var.api_gateway_integration_timeout_ms <= 29000 && floor(var.api_gateway_integration_timeout_ms) == var.api_gateway_integration_timeout_ms
    error_message = "api_gateway_integration_timeout_ms must be a whole number between 50 and 29000."
  }
}

variable "stream_integration_timeout_ms" {
  description = "How long a chat route's answer may stream through API Gateway (STREAM integrations allow up to 15 minutes); the chat functions' timeout is 10 s longer."
  type        = number
  default     = 300000

  validation {
    condition     = var.stream_integration_timeout_ms >= 1000 && var.stream_integration_timeout_ms <= 890000 && floor(var.stream_integration_timeout_ms) == var.stream_integration_timeout_ms
    error_message = "stream_integration_timeout_ms must be a whole number between 1000 and 890000 (the functions get 10 s more, and Lambda allows 900 s)."
  }
}

variable "cors_allow_origin" {
  description = "Value of Access-Control-Allow-Origin for browsers calling the API."
  type        = string
  default     = "*"

  validation {
    condition     = var.cors_allow_origin == "*" || can(regex("^https?://[^/ ]+$", var.cors_allow_origin))
    error_message = "cors_allow_origin must be * or an origin such as https://chat.example.com."
  }
}

variable "allowed_models" {
  description = "Upstream models /v1/chat/completions passes through besides the apps (ALLOWED_MODELS); empty: any (docs/openai-api.md)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for model in var.allowed_models : can(regex("^[^,\\s]+$", model))])
    error_message = "allowed_models entries are model ids: no commas or spaces."
  }
}

variable "legacy_client_compat" {
  description = "Add the earlier React client's fields (body, body.chat_memory.messages) next to non-streamed /examples answers (docs/migrating.md)."
  type        = bool
  default     = false
}

variable "bearer_api_keys" {
  description = "Accept the API key as `Authorization: Bearer` too, as OpenAI clients send it: a Lambda authorizer hands it to the usage plan, one invocation per request (docs/openai-api.md)."
  type        = bool
  default     = false
  nullable    = false
}

variable "manage_api_gateway_account" {
  description = "Sets this region's API Gateway account CloudWatch role, which access logging needs. It is one setting per account and region: turn off if another stack already manages it."
  type        = bool
  default     = true
}

variable "create_custom_domain" {
  description = "Serve the API on custom_domain_name with an ACM certificate and a Route53 alias record."
  type        = bool
  default     = false
}

variable "custom_domain_name" {
  description = "Host name of the API when create_custom_domain is true, such as api.example.com."
  type        = string
  default     = null

  validation {
    condition     = !var.create_custom_domain || can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", coalesce(var.custom_domain_name, "-")))
    error_message = "custom_domain_name must be a lower-case host name such as api.example.com when create_custom_domain is true."
  }
}

variable "route53_zone_name" {
  description = "Route53 public hosted zone that custom_domain_name belongs to, such as example.com."
  type        = string
  default     = null

  validation {
    condition     = !var.create_custom_domain || (var.route53_zone_name != null && endswith(coalesce(var.custom_domain_name, "-"), ".${coalesce(var.route53_zone_name, "-")}"))
    error_message = "route53_zone_name must be set and be the parent zone of custom_domain_name when create_custom_domain is true."
  }
}

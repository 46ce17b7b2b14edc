# What one request body may hold (docs/hardening.md); the chat functions refuse more before any work.

variable "max_messages" {
  description = "Messages of a chat body, and entries of its chat_history; more answer 400."
  type        = number
  default     = 500

  validation {
    condition     = var.max_messages >= 1 && var.max_messages <= 10000 && floor(var.max_messages) == var.max_messages
    error_message = "max_messages must be a whole number between 1 and 10000."
  }
}

variable "max_message_chars" {
  description = "Characters of one message's text, text part, tool call arguments or input_text; more answer 400."
  type        = number
  default     = 100000

  validation {
    condition     = var.max_message_chars >= 1 && var.max_message_chars <= 10000000 && floor(var.max_message_chars) == var.max_message_chars
    error_message = "max_message_chars must be a whole number between 1 and 10000000."
  }
}

variable "max_tools" {
  description = "Tools of a chat body; more answer 400."
  type        = number
  default     = 128

  validation {
    condition     = var.max_tools >= 0 && var.max_tools <= 1000 && floor(var.max_tools) == var.max_tools
    error_message = "max_tools must be a whole number between 0 and 1000."
  }
}

variable "max_body_tokens" {
  description = "JSON tokens of a request body (strings, objects, arrays, separators), counted before it is parsed; more answer 413."
  type        = number
  default     = 50000

  validation {
    condition     = var.max_body_tokens >= 1000 && var.max_body_tokens <= 1000000 && floor(var.max_body_tokens) == var.max_body_tokens
    error_message = "max_body_tokens must be a whole number between 1000 and 1000000."
  }
}

variable "max_body_escapes" {
  description = "Escapes in all strings of a request body together, counted before it is parsed; more answer 413."
  type        = number
  default     = 200000

  validation {
    condition     = var.max_body_escapes >= 0 && var.max_body_escapes <= 10000000 && floor(var.max_body_escapes) == var.max_body_escapes
    error_message = "max_body_escapes must be a whole number between 0 and 10000000."
  }
}

variable "max_body_key_chars" {
  description = "Characters of all object keys of a request body together, counted before it is parsed; more answer 413."
  type        = number
  default     = 200000

  validation {
    condition     = var.max_body_key_chars >= 100 && var.max_body_key_chars <= 2000000 && floor(var.max_body_key_chars) == var.max_body_key_chars
    error_message = "max_body_key_chars must be a whole number between 100 and 2000000."
  }
}

variable "max_body_depth" {
  description = "Nesting of objects and arrays in a request body; deeper answers 400."
  type        = number
  default     = 64

  validation {
    condition     = var.max_body_depth >= 8 && var.max_body_depth <= 256 && floor(var.max_body_depth) == var.max_body_depth
    error_message = "max_body_depth must be a whole number between 8 and 256."
  }
}

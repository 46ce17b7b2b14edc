# No output carries a secret: the API key's value and the OpenAI key are read from AWS when needed.

output "api_url" {
  description = "Base URL of the API, stage included: POST <api_url>/passthrough."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "custom_domain_url" {
  description = "Base URL on the custom domain, when create_custom_domain is true."
  value       = var.create_custom_domain ? "https://${var.custom_domain_name}/${var.api_stage_name}" : null
}

output "api_key_id" {
  description = "Id of the API key; its value: aws apigateway get-api-key --api-key <id> --include-value."
  value       = aws_api_gateway_api_key.this.id
}

output "plugin_bucket_name" {
  description = "S3 bucket holding the function-calling plugins under plugins_s3_prefix."
  value       = aws_s3_bucket.plugins.bucket
}

output "usage_table_name" {
  description = "DynamoDB table of the token counters per key, app, model and day."
  value       = aws_dynamodb_table.usage.name
}

output "memory_table_name" {
  description = "DynamoDB table of the conversations every chat function keeps."
  value       = aws_dynamodb_table.memory.name
}

output "openai_api_key_parameter" {
  description = "Name of the SSM SecureString parameter holding the OpenAI key."
  value       = aws_ssm_parameter.openai_api_key.name
}

output "function_names" {
  description = "Lambda function name of each handler."
  value       = { for fn, function in aws_lambda_function.this : fn => function.function_name }
}

output "app_routes" {
  description = "Route of each catalog app."
  value       = { for slug in keys(local.catalog_apps) : slug => "POST /${var.api_stage_name}/examples/${slug}" }
}

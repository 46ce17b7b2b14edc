mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "throttling_and_quota_reach_the_usage_plan" {
  command = plan

  variables {
    throttle_settings_rate_limit  = 42.5
    throttle_settings_burst_limit = 17
    quota_settings_limit          = 1234
    quota_settings_period         = "WEEK"
  }

  assert {
    condition     = aws_api_gateway_usage_plan.this.throttle_settings[0].rate_limit == 42.5 && aws_api_gateway_usage_plan.this.throttle_settings[0].burst_limit == 17
    error_message = "The throttling variables must reach the usage plan."
  }

  assert {
    condition     = aws_api_gateway_usage_plan.this.quota_settings[0].limit == 1234 && aws_api_gateway_usage_plan.this.quota_settings[0].period == "WEEK"
    error_message = "The quota variables must reach the usage plan."
  }
}

run "the_api_key_belongs_to_the_usage_plan_of_the_stage" {
  command = plan

  assert {
    condition     = aws_api_gateway_usage_plan.this.throttle_settings[0].rate_limit == 10 && aws_api_gateway_usage_plan.this.throttle_settings[0].burst_limit == 5 && aws_api_gateway_usage_plan.this.quota_settings[0].limit == 500 && aws_api_gateway_usage_plan.this.quota_settings[0].period == "DAY"
    error_message = "The defaults must be the earlier system's limits: 10 req/s, burst 5, 500 a day."
  }

  assert {
    condition     = aws_api_gateway_usage_plan_key.this.key_id == aws_api_gateway_api_key.this.id && aws_api_gateway_usage_plan_key.this.key_type == "API_KEY"
    error_message = "The API key must be attached to the usage plan."
  }

  assert {
    condition     = one(aws_api_gateway_usage_plan.this.api_stages).stage == "v1" && aws_api_gateway_stage.this.stage_name == "v1"
    error_message = "The usage plan must cover the v1 stage."
  }

  assert {
    condition     = output.api_url == "https://restapi123.execute-api.us-east-1.amazonaws.com/v1" && output.api_key_id == "apikey123"
    error_message = "Outputs must give the API URL and the API key id."
  }
}

run "the_stage_writes_an_access_log_without_the_key_value" {
  command = plan

  assert {
    condition     = aws_api_gateway_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.api_access.arn
    error_message = "The stage must write its access log to the access log group."
  }

  assert {
    condition     = strcontains(aws_api_gateway_stage.this.access_log_settings[0].format, "$context.identity.apiKeyId") && !strcontains(aws_api_gateway_stage.this.access_log_settings[0].format, "$context.identity.apiKey\"")
    error_message = "The access log records the key id, never the key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.api_access.retention_in_days == 30 && length(aws_api_gateway_account.this) == 1
    error_message = "The access log needs its retention and the account's CloudWatch role."
  }
}

run "the_account_logging_role_can_be_left_to_another_stack" {
  command = plan

  variables {
    manage_api_gateway_account = false
  }

  assert {
    condition     = length(aws_api_gateway_account.this) == 0 && length(aws_iam_role.api_gateway_logging) == 0
    error_message = "manage_api_gateway_account = false must leave the account setting alone."
  }
}

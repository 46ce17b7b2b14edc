mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "rejects_a_zero_rate_limit" {
  command = plan
  variables {
    throttle_settings_rate_limit = 0
  }
  expect_failures = [var.throttle_settings_rate_limit]
}

run "rejects_an_unknown_quota_period" {
  command = plan
  variables {
    quota_settings_period = "YEAR"
  }
  expect_failures = [var.quota_settings_period]
}

run "rejects_an_unknown_architecture" {
  command = plan
  variables {
    lambda_architecture = "sparc"
  }
  expect_failures = [var.lambda_architecture]
}

run "rejects_a_model_timeout_longer_than_the_stream_timeout" {
  command = plan
  variables {
    stream_integration_timeout_ms = 20000
    openai_stream_timeout_ms      = 15000
    openai_timeout_ms             = 25000
  }
  expect_failures = [var.openai_timeout_ms]
}

run "rejects_a_buffered_model_budget_beyond_api_gateways_29_seconds" {
  command = plan
  variables {
    openai_timeout_ms = 29000
  }
  expect_failures = [var.openai_timeout_ms]
}

run "rejects_a_streamed_model_budget_as_long_as_the_stream_timeout" {
  command = plan
  variables {
    openai_stream_timeout_ms = 300000
  }
  expect_failures = [var.openai_stream_timeout_ms]
}

run "rejects_an_integration_timeout_beyond_29_seconds" {
  command = plan
  variables {
    api_gateway_integration_timeout_ms = 60000
  }
  expect_failures = [var.api_gateway_integration_timeout_ms]
}

run "rejects_a_stream_timeout_the_functions_cannot_outlast" {
  command = plan
  variables {
    stream_integration_timeout_ms = 900000
  }
  expect_failures = [var.stream_integration_timeout_ms]
}

run "rejects_a_custom_domain_outside_its_zone" {
  command = plan
  variables {
    create_custom_domain = true
    custom_domain_name   = "api.example.com"
    route53_zone_name    = "example.org"
  }
  expect_failures = [var.route53_zone_name]
}

run "rejects_an_upper_case_resource_identifier" {
  command = plan
  variables {
    shared_resource_identifier = "AWS-OpenAI"
  }
  expect_failures = [var.shared_resource_identifier]
}

run "rejects_an_identifier_s3_reserves" {
  command = plan
  variables {
    shared_resource_identifier = "sthree-chat"
  }
  expect_failures = [var.shared_resource_identifier]
}

run "rejects_a_placeholder_openai_key" {
  command = plan
  variables {
    openai_api_key = "sk-..."
  }
  expect_failures = [var.openai_api_key]
}

run "refuses_to_plan_without_the_layer_package" {
  command = plan
  variables {
    package_dir = "tests/fixtures/no-such-dir"
  }
  expect_failures = [aws_lambda_layer_version.this, aws_api_gateway_rest_api.this]
}

run "refuses_to_plan_without_the_function_packages" {
  command = plan
  variables {
    package_dir = "tests/fixtures/layer-only"
  }
  expect_failures = [aws_lambda_function.this]
}

run "rejects_request_limits_outside_their_bounds" {
  command = plan
  variables {
    max_messages    = 0
    max_tools       = 1001
    max_body_tokens = 999
    max_body_depth  = 4
  }
  expect_failures = [var.max_messages, var.max_tools, var.max_body_tokens, var.max_body_depth]
}

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

override_resource {
  target          = aws_sns_topic.alarms
  override_during = plan
  values          = { arn = "arn:aws:sns:us-east-1:123456789012:aws-openai-alarms" }
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "dashboard_shows_requests_errors_latency_tokens_throttles_refusals_and_lambda" {
  command = plan

  assert {
    condition = alltrue([
      for needed in ["\"Count\"", "5XXError", "Latency", "PromptTokens", "CompletionTokens", "Throttles", "BudgetRefusals", "UpstreamErrors", "Duration", "@initDuration"] :
      strcontains(aws_cloudwatch_dashboard.this.dashboard_body, needed)
    ])
    error_message = "The dashboard must show requests, errors, latency, tokens by app, throttles, budget refusals, upstream errors, Lambda duration and init."
  }

  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.this.dashboard_body, "{aws-openai,service,app,model}")
    error_message = "Tokens by app come from the EMF metrics' (service, app, model) dimension set."
  }
}

run "alarms_watch_5xx_upstream_errors_and_p95_and_tell_the_topic" {
  command = plan

  assert {
    condition = alltrue([
      for alarm in [aws_cloudwatch_metric_alarm.api_5xx_rate, aws_cloudwatch_metric_alarm.upstream_errors, aws_cloudwatch_metric_alarm.p95_latency] :
      alarm.alarm_actions == toset([aws_sns_topic.alarms.arn])
    ])
    error_message = "Every alarm notifies the alarms topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.upstream_errors.namespace == "aws-openai" && aws_cloudwatch_metric_alarm.upstream_errors.dimensions == tomap({ service = "aws-openai" })
    error_message = "The upstream error alarm sums the EMF metric over every app and model (the service dimension set)."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.p95_latency.extended_statistic == "p95" && aws_cloudwatch_metric_alarm.p95_latency.threshold == 20000
    error_message = "The latency alarm is on p95, at alarm_p95_latency_ms."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.daily_tokens) == 0 && length(aws_sns_topic_subscription.alarm_email) == 0 && length(aws_budgets_budget.monthly_cost) == 0
    error_message = "Token alarm, e-mail subscription and cost budget are off by default."
  }
}

run "optional_email_daily_token_alarm_and_cost_budget" {
  command = plan

  variables {
    alarm_email             = "ops@example.com"
    alarm_daily_tokens      = 5000000
    monthly_cost_budget_usd = 50
  }

  assert {
    condition     = aws_sns_topic_subscription.alarm_email[0].protocol == "email" && aws_sns_topic_subscription.alarm_email[0].endpoint == "ops@example.com"
    error_message = "alarm_email subscribes to the alarms topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.daily_tokens[0].threshold == 5000000 && length(aws_cloudwatch_metric_alarm.daily_tokens[0].metric_query) == 3
    error_message = "The daily token alarm adds prompt and completion tokens of the day."
  }

  assert {
    condition     = aws_budgets_budget.monthly_cost[0].limit_amount == "50" && length(aws_budgets_budget.monthly_cost[0].notification) == 2
    error_message = "The cost budget notifies at 80% and 100%."
  }
}

run "rejects_a_malformed_alarm_email" {
  command = plan

  variables {
    alarm_email = "not an address"
  }

  expect_failures = [var.alarm_email]
}

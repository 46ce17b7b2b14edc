# Dashboard, alarms and their SNS topic (docs/operations.md). The token metrics are the EMF lines of
# src/services/metrics.ts, in the namespace local.name with the dimension sets (service, app, model)
# and (service).

locals {
  metrics_namespace = local.name
  api_dimensions    = { ApiName = local.name, Stage = var.api_stage_name }
  chat_functions    = [for fn in local.function_list : fn if fn != "info"]
  token_search = {
    for metric in ["PromptTokens", "CompletionTokens"] :
    metric => "SEARCH('{${local.metrics_namespace},service,app,model} MetricName=\"${metric}\"', 'Sum', 300)"
  }
}

resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "api_5xx_rate" {
  alarm_name          = "${local.name}-api-5xx-rate"
  alarm_description   = "More than ${var.alarm_5xx_rate_percent}% of the API's requests answered 5xx."
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = var.alarm_5xx_rate_percent
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx rate (%)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "5XXError"
      dimensions  = local.api_dimensions
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Count"
      dimensions  = local.api_dimensions
      period      = 300
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "upstream_errors" {
  alarm_name          = "${local.name}-upstream-errors"
  alarm_description   = "The model service failed more than ${var.alarm_upstream_errors_per_5min} times in 5 minutes."
  namespace           = local.metrics_namespace
  metric_name         = "UpstreamErrors"
  dimensions          = { service = local.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_upstream_errors_per_5min
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "p95_latency" {
  alarm_name          = "${local.name}-p95-latency"
  alarm_description   = "The API's p95 latency is above ${var.alarm_p95_latency_ms} ms."
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = local.api_dimensions
  extended_statistic  = "p95"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_p95_latency_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "daily_tokens" {
  count               = var.alarm_daily_tokens > 0 ? 1 : 0
  alarm_name          = "${local.name}-daily-tokens"
  alarm_description   = "Every key together spent more than ${var.alarm_daily_tokens} tokens in a day."
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = var.alarm_daily_tokens
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "tokens"
    expression  = "prompt + completion"
    label       = "Tokens per day"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { prompt = "PromptTokens", completion = "CompletionTokens" }
    content {
      id = metric_query.key
      metric {
        namespace   = local.metrics_namespace
        metric_name = metric_query.value
        dimensions  = { service = local.name }
        period      = 86400
        stat        = "Sum"
      }
    }
  }
}

resource "aws_budgets_budget" "monthly_cost" {
  count        = var.monthly_cost_budget_usd > 0 ? 1 : 0
  name         = "${local.name}-monthly-cost"
  budget_type  = "COST"
  limit_amount = tostring(var.monthly_cost_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  dynamic "notification" {
    for_each = var.alarm_email == null ? [] : [80, 100]
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value
      threshold_type             = "PERCENTAGE"
      notification_type          = "ACTUAL"
      subscriber_email_addresses = [var.alarm_email]
    }
  }
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = local.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Requests and errors"
          region = local.region
          stat   = "Sum"
          period = 300
          metrics = [
            ["AWS/ApiGateway", "Count", "ApiName", local.name, "Stage", var.api_stage_name, { label = "Requests" }],
            ["AWS/ApiGateway", "4XXError", "ApiName", local.name, "Stage", var.api_stage_name, { label = "4xx" }],
            ["AWS/ApiGateway", "5XXError", "ApiName", local.name, "Stage", var.api_stage_name, { label = "5xx" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Latency (p50, p95) and time to first token (p95)"
          region = local.region
          period = 300
          metrics = [
            ["AWS/ApiGateway", "Latency", "ApiName", local.name, "Stage", var.api_stage_name, { stat = "p50", label = "API p50" }],
            ["AWS/ApiGateway", "Latency", "ApiName", local.name, "Stage", var.api_stage_name, { stat = "p95", label = "API p95" }],
            [local.metrics_namespace, "FirstTokenLatency", "service", local.name, { stat = "p95", label = "First token p95" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "Tokens by app"
          region = local.region
          period = 300
          metrics = [
            [{ expression = local.token_search.PromptTokens, id = "prompt", label = "Prompt" }],
            [{ expression = local.token_search.CompletionTokens, id = "completion", label = "Completion" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Throttles, budget refusals and upstream errors"
          region = local.region
          stat   = "Sum"
          period = 300
          metrics = concat(
            [for fn in local.chat_functions : ["AWS/Lambda", "Throttles", "FunctionName", "${local.name}-${fn}", { label = "Lambda throttles ${fn}" }]],
            [
              [local.metrics_namespace, "BudgetRefusals", "service", local.name, { label = "Budget refusals" }],
              [local.metrics_namespace, "UpstreamErrors", "service", local.name, { label = "Upstream errors" }],
            ],
          )
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title   = "Lambda duration (p95)"
          region  = local.region
          stat    = "p95"
          period  = 300
          metrics = [for fn in local.function_list : ["AWS/Lambda", "Duration", "FunctionName", "${local.name}-${fn}", { label = fn }]]
        }
      },
      {
        type = "log", x = 12, y = 12, width = 12, height = 6
        properties = {
          title  = "Lambda init duration (cold starts)"
          region = local.region
          query  = "SOURCE ${join(" | SOURCE ", [for fn in local.function_list : "'${aws_cloudwatch_log_group.function[fn].name}'"])} | filter @type = \"REPORT\" and ispresent(@initDuration) | stats count() as cold_starts, avg(@initDuration) as avg_init_ms, max(@initDuration) as max_init_ms by bin(5m)"
          view   = "timeSeries"
        }
      },
    ]
  })
}

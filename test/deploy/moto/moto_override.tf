# Copied next to the stack for the apply test only. What moto 5.2 lacks, shaped around here; the real
# resources stay in the graph.

locals {
  # moto's PutRestApi requires a uri and an httpMethod on every integration, the preflights' MOCK ones
  # included (API Gateway does not), so they get placeholders here.
  openapi_body = local.openapi_template_body == null ? null : jsonencode(merge(jsondecode(local.openapi_template_body), {
    paths = {
      for path, operations in jsondecode(local.openapi_template_body).paths : path => {
        for method, operation in operations : method => merge(operation, {
          "x-amazon-apigateway-integration" = merge({ uri = "http://127.0.0.1/mock", httpMethod = "OPTIONS" }, operation["x-amazon-apigateway-integration"])
        })
      }
    }
  }))
}

# moto serves plain HTTP only, so the deny of insecure transport would refuse every call, Terraform's
# uploads and the functions' reads included. Here it covers a prefix nothing uses.
resource "aws_s3_bucket_policy" "plugins" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.plugins.arn}/moto-serves-http-only/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# moto 5.2 keeps no LoggingConfig of a function (it answers without one), so every plan would send it
# again.
resource "aws_lambda_function" "this" {
  lifecycle {
    ignore_changes = [logging_config]
  }
}

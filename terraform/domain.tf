# Optional custom domain: a regional ACM certificate validated by DNS, and an alias record to the API.

locals {
  custom_domain = var.create_custom_domain ? toset(["this"]) : toset([])
}

data "aws_route53_zone" "this" {
  for_each = local.custom_domain

  name         = var.route53_zone_name
  private_zone = false
}

resource "aws_acm_certificate" "api" {
  for_each = local.custom_domain

  domain_name       = var.custom_domain_name
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = {
    for option in flatten([for cert in aws_acm_certificate.api : cert.domain_validation_options]) :
    option.domain_name => option
  }

  zone_id         = data.aws_route53_zone.this["this"].zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "api" {
  for_each = local.custom_domain

  certificate_arn         = aws_acm_certificate.api["this"].arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}

resource "aws_api_gateway_domain_name" "this" {
  for_each = local.custom_domain

  domain_name              = var.custom_domain_name
  regional_certificate_arn = aws_acm_certificate_validation.api["this"].certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "this" {
  for_each = local.custom_domain

  api_id      = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  domain_name = aws_api_gateway_domain_name.this["this"].domain_name
  base_path   = var.api_stage_name
}

resource "aws_route53_record" "api" {
  for_each = local.custom_domain

  zone_id = data.aws_route53_zone.this["this"].zone_id
  name    = var.custom_domain_name
  type    = "A"

  alias {
    name                   = aws_api_gateway_domain_name.this["this"].regional_domain_name
    zone_id                = aws_api_gateway_domain_name.this["this"].regional_zone_id
    evaluate_target_health = false
  }
}

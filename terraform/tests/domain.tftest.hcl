mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  package_dir    = "tests/fixtures/packages"
  openai_api_key = "sk-test-0000000000000000000000000000"
}

run "no_custom_domain_by_default" {
  command = plan

  assert {
    condition     = length(aws_api_gateway_domain_name.this) == 0 && length(aws_acm_certificate.api) == 0 && output.custom_domain_url == null
    error_message = "Without create_custom_domain there is no certificate, domain or record."
  }
}

run "a_custom_domain_gets_a_validated_certificate_and_an_alias" {
  command = plan

  variables {
    create_custom_domain = true
    custom_domain_name   = "api.example.com"
    route53_zone_name    = "example.com"
  }

  assert {
    condition     = aws_acm_certificate.api["this"].domain_name == "api.example.com" && aws_acm_certificate.api["this"].validation_method == "DNS"
    error_message = "The certificate must cover the custom domain, validated by DNS."
  }

  assert {
    condition     = aws_api_gateway_domain_name.this["this"].endpoint_configuration[0].types == tolist(["REGIONAL"]) && aws_api_gateway_base_path_mapping.this["this"].base_path == "v1"
    error_message = "The domain must be regional and map /v1 to the stage."
  }

  assert {
    condition     = aws_route53_record.api["this"].name == "api.example.com" && aws_route53_record.api["this"].type == "A" && aws_route53_record.api["this"].zone_id == "Z0123456789TEST"
    error_message = "An alias A record must point the domain at the API."
  }

  assert {
    condition     = output.custom_domain_url == "https://api.example.com/v1"
    error_message = "The custom domain URL output must be set."
  }
}

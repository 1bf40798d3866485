DROP TABLE validity_rule_sets;

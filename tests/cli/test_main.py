from parallax.cli import EXIT_USAGE, build_parser, main


def test_help_lists_commands(capsys):
    parser = build_parser()
    text = parser.format_help()
    assert "extract" in text


def test_no_command_is_usage_error(capsys):
    assert main([]) == EXIT_USAGE

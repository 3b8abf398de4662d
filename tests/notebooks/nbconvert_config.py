# nbconvert configuration for the kernel's notebook test: cells may set
# metadata.privateenv_test.timeout (seconds); a timed-out cell is interrupted by an
# interrupt_request (the kernel's interrupt_mode is "message") and the run continues.
c = get_config()  # noqa: F821 (provided by traitlets when loading this file)


def cell_timeout(cell):
    return cell.metadata.get("privateenv_test", {}).get("timeout", 120)


c.ExecutePreprocessor.timeout_func = cell_timeout
c.ExecutePreprocessor.interrupt_on_timeout = True

"""Protocol conformance of the PrivateEnv kernel, checked by jupyter_kernel_test (a real Jupyter client).

Run with the system python (Debian's python3-jupyter-kernel-test), the kernelspec on JUPYTER_PATH:
    JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 -m unittest -v tests/kernel/test_kernel.py
"""
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel


class PrivateEnvKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "privateenv"
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("to stderr");'
    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": 'var greeting = "hi"; greeting + " there"', "result": "hi there"},
        {"code": "new[] { 1.5, 2.5 }.Sum()", "result": "4"},
    ]
    code_display_data = [
        {"code": 'Display("<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>");', "mime": "image/svg+xml"},
        {"code": 'DisplayHtml("<b>bold</b>");', "mime": "text/html"},
    ]

    completion_samples = [
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "#!private od", "matches": {"odometer"}},
        {"text": "%%private con", "matches": {"connect"}},
    ]
    complete_code_samples = ["var x = 1;", "1 + 2", "#!private odometer", "Console.WriteLine(1);"]
    incomplete_code_samples = ["if (true) {", "var xs = new[] {", "#!private\nfor (var i = 0; i < 3; i++) {"]
    invalid_code_samples = ["var = 3 +;", "int x = );"]

    code_inspect_sample = "Math"


class StateAndInterruptTests(unittest.TestCase):
    """What KernelTests does not cover: state across cells, private-magic errors, interrupt by message."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="privateenv")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def run_cell(self, code, timeout=30):
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
        return reply, outputs

    def test_state_persists_between_cells(self):
        self.run_cell("var total = 40;")
        reply, outputs = self.run_cell("total + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_private_cell_without_session_says_how_to_connect(self):
        reply, outputs = self.run_cell("#!private\nPrint(1);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "NotConnected")
        self.assertIn("#!private connect", reply["content"]["evalue"])

    def test_unknown_private_command_is_a_usage_error(self):
        reply, _ = self.run_cell("#!private frobnicate")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "UsageError")

    def test_silent_execution_publishes_no_output(self):
        msg_id = self.kc.execute('Console.WriteLine("quiet"); 42', silent=True)
        published = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            published.append(msg["msg_type"])
        self.assertEqual(published, ["status"])  # only "busy"

    def test_error_aborts_cells_queued_behind_it(self):
        failing = self.kc.execute('throw new Exception("stop here");')
        queued = self.kc.execute("var neverSet = 1;")
        replies = {}
        while len(replies) < 2:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") in (failing, queued):
                replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        self.assertEqual(replies[failing], "error")
        self.assertEqual(replies[queued], "aborted")
        reply, _ = self.run_cell("neverSet")
        self.assertEqual(reply["content"]["ename"], "CompilationError")

    def test_interrupt_message_stops_a_cooperative_local_cell(self):
        msg_id = self.kc.execute("await Task.Delay(60_000, Cancellation);")
        # Wait until the cell is running (busy), then interrupt through the control channel.
        while True:
            msg = self.kc.get_iopub_msg(timeout=15)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=15)
        while reply["parent_header"].get("msg_id") != msg_id:  # e.g. the kernel_info reply from start-up
            reply = self.kc.get_shell_msg(timeout=15)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")


if __name__ == "__main__":
    unittest.main()

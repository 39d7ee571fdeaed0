"""A real IMAP server for tests: Debian's dovecot on a free port of 127.0.0.1, with one
mailbox user, its mail in a temporary directory (apt-get install dovecot-imapd)."""

import getpass
import grp
import imaplib
import os
import pwd
import subprocess
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from tests.platform.support import free_port, wait_for_port

DOVECOT = "/usr/sbin/dovecot"
USER = "triage"
PASSWORD = "test-password"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {me}
default_internal_group = {group}
default_login_user = {login_user}
mail_location = maildir:{root}/mail/%u
first_valid_uid = {uid}
first_valid_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


class ImapServer:
    def __init__(self, port: int):
        self.port = port
        self.url = f"imap://{USER}:{PASSWORD}@127.0.0.1:{port}/INBOX"

    def append(self, message: bytes) -> None:
        """Deliver a message into the mailbox, as the mail server would."""
        with imaplib.IMAP4("127.0.0.1", self.port) as imap:
            imap.login(USER, PASSWORD)
            imap.append("INBOX", None, None, message)


@contextmanager
def imap_server():
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # the login process, another user under root, reaches its sockets
        for folder in ("run", "state", "mail", "home"):
            (root / folder).mkdir()
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        # Dovecot refuses root for its network-facing processes and mailbox access.
        unprivileged = pwd.getpwnam("dovenull") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
        for folder in ("mail", "home"):
            os.chown(root / folder, unprivileged.pw_uid, unprivileged.pw_gid)
        port = free_port()
        config = root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                root=root,
                me=getpass.getuser(),
                login_user=unprivileged.pw_name,
                group=grp.getgrgid(os.getgid()).gr_name,
                uid=unprivileged.pw_uid,
                gid=unprivileged.pw_gid,
                port=port,
            )
        )
        process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)])
        try:
            wait_for_port(port, process=process)
            yield ImapServer(port)
        except Exception:
            print((root / "dovecot.log").read_text())
            raise
        finally:
            process.terminate()
            process.wait(timeout=10)

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peak-rss OUT PROGRAM [ARGS...]: runs PROGRAM and writes its peak resident
 * set size (KiB) and exit status to OUT as "maxrss_kb=N status=S".
 *
 * The benchmark cannot take ru_maxrss from its own wait4(): a child forked
 * (or vforked) by a Python process starts with the parent's high-water mark,
 * and exec() keeps it. Forked from this small program instead, the child's
 * mark starts at a few hundred KiB, so what wait4() reports is PROGRAM's. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child = -1;

/* The harness stops us with SIGTERM or SIGINT: pass it on. */
static void
forward (int sig)
{
  if (child > 0)
    kill (child, sig);
}

int
main (int   argc,
      char *argv[])
{
  struct rusage usage;
  struct sigaction action;
  FILE *out;
  int status = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: peak-rss OUT PROGRAM [ARGS...]\n");
      return 2;
    }

  memset (&action, 0, sizeof action);
  action.sa_handler = forward;
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGINT, &action, NULL);

  child = fork ();
  if (child < 0)
    {
      perror ("peak-rss: fork");
      return 127;
    }
  if (child == 0)
    {
      execvp (argv[2], argv + 2);
      fprintf (stderr, "peak-rss: %s: %s\n", argv[2], strerror (errno));
      _exit (127);
    }

  while (wait4 (child, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          perror ("peak-rss: wait4");
          return 127;
        }
    }

  out = fopen (argv[1], "w");
  if (out == NULL)
    {
      perror ("peak-rss: open");
      return 127;
    }
  fprintf (out, "maxrss_kb=%ld status=%d\n", usage.ru_maxrss,
           WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
  fclose (out);

  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

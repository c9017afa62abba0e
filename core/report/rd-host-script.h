/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-report.h"

G_BEGIN_DECLS

/*
 * What an administrator does on the Windows computer: every host-side remedy
 * of a report, as a PowerShell script or as steps to follow by hand.
 *
 * The script's shape (the tests hold it to this):
 * - a commented header, then "#Requires -RunAsAdministrator",
 *   "$ErrorActionPreference = 'Stop'" and a Confirm-Fix function (a Yes/No
 *   PromptForChoice);
 * - per remedy a "# ---" banner with the title and the steps as comments,
 *   then its commands inside "if (Confirm-Fix 'TITLE') { ... }": the
 *   remedies are alternatives (the Azure one only fits an Azure machine),
 *   so the administrator says yes to each;
 * - every command is a block of its own, separated by blank lines. A block
 *   that changes something starts with a "# " comment saying what changes,
 *   then a Write-Host line saying the same, then the pre-check that shows the
 *   current state (Get-ItemProperty for registry values, Get-NetFirewallRule
 *   with a warning when the rules are missing, Get-Service for services,
 *   Test-Path or the listing part of the pipeline for files and
 *   certificates), and only then the change. Commands that only read run
 *   as they are after a comment (PowerShell ones piped to Out-Host);
 * - cmd lines run through "cmd.exe /c --% LINE" (the line reaches cmd
 *   exactly as written) and a non-zero exit code stops the script;
 * - remedies that lower security get a Write-Warning before that question;
 * - a restart of the computer is done once, at the very end, asked for too;
 * - "# === UNDO ===": a commented-out block with every undo command, the
 *   ones for changes that lower security first. It is never run by the
 *   script; the administrator copies the lines after the test.
 *
 * Comments and messages are translated. The text is UTF-8 with LF line ends;
 * Windows PowerShell 5.1 reads a .ps1 file without a byte order mark in the
 * ANSI code page, so whoever saves it to a file should prepend a UTF-8 BOM.
 */
char *rd_host_script_build (RdReport *report);

/* The same remedies as plain numbered steps for someone using the Windows
 * settings, with the commands for those who prefer them. */
char *rd_host_steps_build  (RdReport *report);

G_END_DECLS

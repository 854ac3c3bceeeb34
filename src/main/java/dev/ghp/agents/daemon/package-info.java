/**
 * The resident daemon: the process bin/ghp sends the hot commands to, its state file and its requests.
 * Entry layer, beside {@code Main}: it runs the commands ({@code cli}) and may import every layer below;
 * nothing imports it (the commands name its main class, see {@code cli.DaemonProcess}).
 */
package dev.ghp.agents.daemon;

"""Post content as WordPress shows it: blocks, texturize, autop, shortcodes, embeds, excerpts."""

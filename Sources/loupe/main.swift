import Foundation
import LoupeCore

exit(CommandLineInterface.run(Array(CommandLine.arguments.dropFirst())))

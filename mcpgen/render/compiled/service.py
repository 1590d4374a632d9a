# Generated from templates/service.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "9465d17bf8ef123bfc486692a02d7826dc87a8c7a604db6a0291fc4603c33fff"

name = 'service.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_s = missing
    try:
        t_1 = environment.filters['y']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'y' found.")
    pass
    l_0_s = environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'service')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    yield 'apiVersion: v1\nkind: Service\nmetadata:\n  name: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
    yield '\n  namespace: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
    yield '\n  labels: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'labels')))
    yield '\n  annotations: '
    yield str(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'annotations')))
    yield '\nspec:\n  type: '
    yield str(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'type')))
    yield '\n  selector: '
    yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'selector')))
    yield '\n  ports: '
    yield str(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'ports')))
    if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'source_ranges'):
        pass
        yield '\n  loadBalancerSourceRanges: '
        yield str(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'source_ranges')))
    if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'session_affinity'):
        pass
        yield '\n  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: '
        yield str(t_1(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'affinity_timeout')))
    yield '\n'

blocks = {}
debug_info = '2=19&6=23&7=25&8=27&9=29&11=31&12=33&13=35&14=36&15=39&17=40&21=43'